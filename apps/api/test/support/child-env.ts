/** The environment for a child process of a test: only PATH from ours, plus what the test gives. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...env };
}
