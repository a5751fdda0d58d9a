import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ConnectionsModule } from '../connections/connections.module';
import { McpController } from './mcp.controller';
import { McpToolsService } from './mcp-tools.service';

/** The MCP server for AI assistants at /mcp: catalog tools and governed read-only queries. */
@Module({
  imports: [ApiTokensModule, CatalogModule, ConnectionsModule],
  controllers: [McpController],
  providers: [McpToolsService],
})
export class McpModule {}
