import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  installAlone,
  packInstalledDependency,
  packWorkspacePackage,
  removeTemporaryDirectories,
  runModule,
} from './pack-install.ts';

afterAll(removeTemporaryDirectories);

describe('packed packages installed alone', () => {
  it('@jsskit/signer installs with no other package and signs the documented V1 example from plain Node ESM', () => {
    const project = installAlone([packWorkspacePackage('signer')]);

    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      '@jsskit',
    ]);
    expect(readdirSync(join(project, 'node_modules', '@jsskit'))).toEqual(['signer']);
    const printed = runModule(
      project,
      `import { signRequestSync } from '@jsskit/signer';
       const signed = signRequestSync(
         { method: 'PUT', bucket: 'oss-test', key: 'sign.txt', headers: {
           'Content-MD5': '0c791a8c18017c7ad1675936d12bae5d', 'Content-Type': 'text/plain',
           'x-jss-server-side-encryption': 'false' } },
         { credentials: { accessKeyId: 'qbS5QXpLORrvdrmb', secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ' },
           date: new Date('Thu, 13 Jul 2017 02:37:31 GMT') });
       console.log(signed.Authorization);`,
    );
    expect(printed).toBe('jingdong qbS5QXpLORrvdrmb:xvj2Iv7WcSwnN26XYnTq/c2YBQs=');
  });

  it('@jsskit/wire-types installs beside zod alone and parses the documented Complete example', () => {
    const project = installAlone([
      packInstalledDependency('zod', 'wire-types'),
      packWorkspacePackage('wire-types'),
    ]);

    expect(
      readdirSync(join(project, 'node_modules'))
        .filter((name) => !name.startsWith('.'))
        .sort(),
    ).toEqual(['@jsskit', 'zod']);
    const printed = runModule(
      project,
      `import { computeMultipartETag, parseResponseBody } from '@jsskit/wire-types';
       const body = parseResponseBody('CompleteMultipartUpload',
         '{"Bucket":"youhe","Key":"multipart.data","ETag":"4e456c2fc34928a3e2fa202acf71870a"}');
       const local = computeMultipartETag(['9223eed2740a549634ac58688d33b614',
         'aa286070fe65d16d39fb8997143ea564', '3b586f704fcd6b714fde125aeffc3e74']);
       console.log(JSON.stringify({ etag: body.ETag, matches: body.ETag === local }));`,
    );
    expect(JSON.parse(printed)).toEqual({ etag: '4e456c2fc34928a3e2fa202acf71870a', matches: true });
  });

  it('@jsskit/multipart installs with its layers, @noble/hashes and hash-wasm, and offers the ./web entry', () => {
    const project = installAlone([
      packInstalledDependency('zod', 'multipart'),
      packInstalledDependency('@noble/hashes', 'multipart'),
      packInstalledDependency('hash-wasm', 'multipart'),
      ...['signer', 'wire-types', 'http-transport', 'client', 'multipart'].map(packWorkspacePackage),
    ]);
    const printed = runModule(
      project,
      `import * as root from '@jsskit/multipart';
       import * as web from '@jsskit/multipart/web';
       console.log(JSON.stringify({
         root: [typeof root.uploadObject, typeof root.downloadObject, typeof root.FileCheckpointStore],
         web: [typeof web.uploadObject, 'downloadObject' in web, 'FileCheckpointStore' in web],
         parts: web.planUpload({ size: 20 * 1024 * 1024 }).partCount,
       }));`,
    );
    expect(JSON.parse(printed)).toEqual({
      root: ['function', 'function', 'function'],
      web: ['function', false, false],
      parts: 3,
    });
  });
});
