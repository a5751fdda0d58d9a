import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { IdParamDto } from '../common/dto';
import {
  CreateUserDto,
  UpdateUserDto,
  UserListQueryDto,
  UserListResponseDto,
  UserResponseDto,
} from './users.dto';
import { Auth, CurrentActor, CurrentUser } from '../auth/auth.decorator';
import type { Actor, AuthUser } from '../auth/auth-user';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Auth({ permissions: ['users:read'] })
  @ZodResponse({ type: UserListResponseDto })
  async list(@Query() query: UserListQueryDto) {
    return { data: await this.users.list(query) };
  }

  @Post()
  @Auth({ permissions: ['users:write'] })
  @ZodResponse({ status: 201, type: UserResponseDto })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor) {
    return { data: await this.users.create(body, actor) };
  }

  @Patch(':id')
  @Auth({ permissions: ['users:write'] })
  @ZodResponse({ type: UserResponseDto })
  async update(
    @Param() params: IdParamDto,
    @Body() body: UpdateUserDto,
    @CurrentUser() me: AuthUser,
    @CurrentActor() actor: Actor,
  ) {
    return { data: await this.users.update(params.id, body, me, actor) };
  }
}
