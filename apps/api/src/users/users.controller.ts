import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from '../common/zod-response';
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
  @ApiOperation({
    summary: 'List users',
    description: 'Paginated, searchable by name or email (users:read).',
  })
  @Auth({ permissions: ['users:read'] })
  @ZodResponse({ type: UserListResponseDto })
  async list(@Query() query: UserListQueryDto) {
    return { data: await this.users.list(query) };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user',
    description: 'With a role and an initial password (users:write); audited.',
  })
  @Auth({ permissions: ['users:write'] })
  @ZodResponse({ status: 201, type: UserResponseDto })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor) {
    return { data: await this.users.create(body, actor) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user',
    description:
      "Name, role, active flag or password (users:write); a deactivated or demoted user's sessions and tokens stop at once; audited.",
  })
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
