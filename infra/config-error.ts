/** A configuration mistake the operator must fix; `code` is stable for scripts and tests. */
export class ProvinceConfigError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'ProvinceConfigError';
  }
}
