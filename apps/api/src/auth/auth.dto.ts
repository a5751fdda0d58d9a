import { createZodDto } from 'nestjs-zod';
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  sessionResponseSchema,
} from '@sluice/contracts';

/** The auth routes' request and response bodies, validated and documented from the contracts. */
export class LoginRequestDto extends createZodDto(loginRequestSchema) {}
export class LoginResponseDto extends createZodDto(loginResponseSchema) {}
export class MeResponseDto extends createZodDto(meResponseSchema) {}
export class SessionResponseDto extends createZodDto(sessionResponseSchema) {}
export class ChangePasswordDto extends createZodDto(changePasswordRequestSchema) {}
