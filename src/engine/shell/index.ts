// Public surface of the shell: the interpreter, its filesystem and registry, the standard
// text utilities, and the command contract.

export { Shell, type ShellOptions, type ShellOutput } from './interpreter.ts';
export { shellQuote } from './quote.ts';
export { MemoryFileSystem, type MemoryFileSystemOptions } from './fs.ts';
export { CommandRegistry } from './registry.ts';
export { STANDARD_COMMANDS, registerStandardCommands, createStandardRegistry } from './commands/index.ts';
export type { Completion } from './completion.ts';
export * from './types.ts';
