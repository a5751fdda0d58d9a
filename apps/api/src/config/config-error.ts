/** A boot failure with a one-line message naming the variable. */
export class ConfigError extends Error {}
