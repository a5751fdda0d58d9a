import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { provisioningJsonSchema } from '@sluice/contracts';
import { Auth } from '../auth/auth.decorator';
import { EncryptionService } from '../common/encryption.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ProvisioningRepository } from './provisioning.repository';
import { exportFile } from './provisioning-export';

@ApiTags('provisioning')
@Controller()
export class ProvisioningController {
  private readonly encryption: EncryptionService;
  private readonly schema = JSON.stringify(provisioningJsonSchema());

  constructor(
    private readonly repository: ProvisioningRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.encryption = new EncryptionService(config);
  }

  /** Public: it holds no data, and editors fetch it without a token. */
  @Get('provisioning/schema.json')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @ApiOperation({
    summary: 'The JSON Schema of a provisioning file, for editors',
    description:
      "Public. Point an editor's YAML language server at it to check files as they are written.",
  })
  schemaJson(): string {
    return this.schema;
  }

  @Get('connections/export')
  @Auth({ permissions: ['connections:govern'] })
  @Header('content-type', 'application/yaml; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="sluice-connections.yaml"')
  @ApiOperation({
    summary: 'Export the connections as a provisioning file',
    description:
      'Every connection and its settings; each secret as a ${env:SLUICE_<NAME>_<SECRET>} reference, never its value.',
  })
  async export(): Promise<string> {
    return exportFile(this.encryption, await this.repository.all());
  }
}
