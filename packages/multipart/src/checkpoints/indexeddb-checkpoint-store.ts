import { MultipartError } from '../errors.ts';
import type { CheckpointStore, ReleaseLock } from './checkpoint-store.ts';
import type { UploadState } from './upload-state.ts';

/** Options of {@link IndexedDbCheckpointStore}. */
export interface IndexedDbCheckpointStoreOptions {
  /** The IndexedDB database that holds the checkpoints. @defaultValue 'jsskit-checkpoints' */
  readonly databaseName?: string | undefined;
  /** @defaultValue globalThis.indexedDB */
  readonly indexedDB?: IDBFactory | undefined;
  /** Where locks are taken, shared by every tab and worker of the origin. @defaultValue globalThis.navigator.locks */
  readonly locks?: LockManager | undefined;
}

const OBJECT_STORE = 'checkpoints';

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Checkpoints in the browser's IndexedDB, so that an upload survives a page reload, a closed tab or a crashed
 * browser: pick the same File again and the upload goes on from its last confirmed part. Each save is one
 * IndexedDB transaction (a reader sees the old or the new state). The lock is a Web Lock, held by every tab
 * and worker of the origin alike and released by the browser when the page that held it goes away.
 *
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` when the runtime has no IndexedDB or no Web Locks.
 */
export class IndexedDbCheckpointStore implements CheckpointStore {
  readonly databaseName: string;
  readonly #factory: IDBFactory;
  readonly #locks: LockManager;
  #database: Promise<IDBDatabase> | undefined;

  constructor(options: IndexedDbCheckpointStoreOptions = {}) {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    const locks = options.locks ?? globalThis.navigator?.locks;
    if (factory === undefined || locks === undefined)
      throw new MultipartError(
        'MULTIPART_INVALID_OPTIONS',
        `IndexedDbCheckpointStore needs ${factory === undefined ? 'IndexedDB' : 'the Web Locks API'}, which this runtime lacks; use MemoryCheckpointStore or, on Node, FileCheckpointStore`,
      );
    this.databaseName = options.databaseName ?? 'jsskit-checkpoints';
    this.#factory = factory;
    this.#locks = locks;
  }

  #open(): Promise<IDBDatabase> {
    this.#database ??= new Promise((resolve, reject) => {
      const request = this.#factory.open(this.databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
      request.onsuccess = () => {
        const database = request.result;
        // Another tab upgrading the schema: let it, and open again on next use.
        database.onversionchange = () => {
          database.close();
          this.#database = undefined;
        };
        resolve(database);
      };
      request.onerror = () => {
        this.#database = undefined;
        reject(request.error);
      };
      request.onblocked = () => undefined;
    });
    return this.#database;
  }

  async #run<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const database = await this.#open();
    const transaction = database.transaction(OBJECT_STORE, mode, { durability: 'strict' });
    const result = requestResult(use(transaction.objectStore(OBJECT_STORE)));
    // A failed request aborts the transaction too; its error is the one thrown below, so this one is handled.
    result.catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async load(id: string): Promise<UploadState | undefined> {
    const text = await this.#run('readonly', (store) => store.get(id));
    if (typeof text !== 'string') return undefined;
    try {
      const state = JSON.parse(text) as UploadState;
      return state.version === 1 ? state : undefined;
    } catch {
      return undefined;
    }
  }

  async save(id: string, state: UploadState): Promise<void> {
    await this.#run('readwrite', (store) => store.put(JSON.stringify(state), id));
  }

  async remove(id: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete(id));
  }

  async list(): Promise<string[]> {
    const keys = await this.#run('readonly', (store) => store.getAllKeys());
    return keys.filter((key): key is string => typeof key === 'string');
  }

  lock(id: string): Promise<ReleaseLock> {
    return new Promise((resolve, reject) => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((done) => {
        release = done;
      });
      const request = this.#locks.request(
        `jsskit-checkpoint:${this.databaseName}:${id}`,
        { ifAvailable: true },
        async (lock) => {
          if (lock === null) {
            reject(new MultipartError('MULTIPART_LOCKED', `checkpoint ${id} is in use by another upload`));
            return;
          }
          resolve(async () => {
            release();
            await request;
          });
          await held;
        },
      );
      request.catch(reject);
    });
  }

  /** Closes the database connection; the store opens it again on next use. */
  async close(): Promise<void> {
    const database = this.#database;
    this.#database = undefined;
    if (database !== undefined) (await database).close();
  }
}
