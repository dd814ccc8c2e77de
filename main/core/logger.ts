// The logger every core object takes as a parameter (style.md §4). pino's shape, so the hosts can
// pass a pino instance and tests a recorder. Personal data never goes in here unmasked (Art. 11).
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
