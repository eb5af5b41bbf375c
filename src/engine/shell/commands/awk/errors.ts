// Errors that end an awk program.

/**
 * A runtime error that ends the program: `fatal` (exit 2, with the input position once input
 * has been read) or gawk 5.2's plain `error` (exit 1), e.g. division by zero.
 */
export class AwkFatal extends Error {
  constructor(
    message: string,
    readonly kind: 'fatal' | 'error' = 'fatal',
  ) {
    super(message);
  }
}
