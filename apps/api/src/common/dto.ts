import { createZodDto } from 'nestjs-zod';
import { idParamSchema } from '@sluice/contracts';

/** `:id` of every route that names one resource: a UUID, else 400 naming `id`. */
export class IdParamDto extends createZodDto(idParamSchema) {}
