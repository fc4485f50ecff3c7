export { type CliEnvironment, runCli } from './cli.ts';
export { EXIT } from './cli-errors.ts';
