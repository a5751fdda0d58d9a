/** One environment variable, for the references of a provisioning file (`${env:NAME}`). */
export function environmentVariable(name: string): string | undefined {
  return process.env[name];
}
