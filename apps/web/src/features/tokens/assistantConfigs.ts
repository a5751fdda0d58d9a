/** Ready-to-paste MCP configurations of the assistants people use, for Sluice's /mcp URL. */
export interface AssistantConfig {
  id: string;
  label: string;
  /** Where it goes, in a sentence. */
  where: string;
  text: string;
}

export function assistantConfigs(url: string, token: string): AssistantConfig[] {
  const bearer = `Bearer ${token}`;
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return [
    {
      id: 'claude-code',
      label: 'Claude Code',
      where: 'Run in a terminal:',
      text: `claude mcp add --transport http sluice ${url} --header "Authorization: ${bearer}"`,
    },
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where:
        'Settings → Developer → Edit Config (claude_desktop_config.json); it reaches remote servers through mcp-remote:',
      text: json({
        mcpServers: {
          sluice: {
            command: 'npx',
            args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${SLUICE_AUTH}'],
            env: { SLUICE_AUTH: bearer },
          },
        },
      }),
    },
    {
      id: 'cursor',
      label: 'Cursor',
      where: 'In ~/.cursor/mcp.json (or .cursor/mcp.json in a project):',
      text: json({ mcpServers: { sluice: { url, headers: { Authorization: bearer } } } }),
    },
    {
      id: 'vscode',
      label: 'VS Code',
      where:
        'In .vscode/mcp.json; VS Code asks for the token once and keeps it in its secret store:',
      text: json({
        inputs: [
          {
            type: 'promptString',
            id: 'sluice-token',
            description: 'Sluice API token',
            password: true,
          },
        ],
        servers: {
          sluice: {
            type: 'http',
            url,
            headers: { Authorization: 'Bearer ${input:sluice-token}' },
          },
        },
      }),
    },
  ];
}
