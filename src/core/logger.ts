/** A minimal logger: `console` fits, and so do pino/winston instances. Nothing is logged unless you pass one. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}
