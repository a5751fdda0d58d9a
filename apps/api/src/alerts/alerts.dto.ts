import { createZodDto } from 'nestjs-zod';
import {
  channelListResponseSchema,
  channelResponseSchema,
  createChannelSchema,
  deliveryResultResponseSchema,
  updateChannelSchema,
} from '@sluice/contracts';

export class CreateChannelDto extends createZodDto(createChannelSchema) {}
export class UpdateChannelDto extends createZodDto(updateChannelSchema) {}
export class ChannelResponseDto extends createZodDto(channelResponseSchema) {}
export class ChannelListResponseDto extends createZodDto(channelListResponseSchema) {}
export class DeliveryResultResponseDto extends createZodDto(deliveryResultResponseSchema) {}
