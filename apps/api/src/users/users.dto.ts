import { createZodDto } from 'nestjs-zod';
import {
  createUserRequestSchema,
  updateUserRequestSchema,
  userListQuerySchema,
  userListResponseSchema,
  userResponseSchema,
} from '@sluice/contracts';

/** The users routes' request and response bodies, validated and documented from the contracts. */
export class UserListQueryDto extends createZodDto(userListQuerySchema) {}
export class CreateUserDto extends createZodDto(createUserRequestSchema) {}
export class UpdateUserDto extends createZodDto(updateUserRequestSchema) {}
export class UserResponseDto extends createZodDto(userResponseSchema) {}
export class UserListResponseDto extends createZodDto(userListResponseSchema) {}
