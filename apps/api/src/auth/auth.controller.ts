import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from '../common/zod-response';
import {
  ChangePasswordDto,
  LoginRequestDto,
  LoginResponseDto,
  MeResponseDto,
  SessionResponseDto,
} from './auth.dto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  actorOf,
  Auth,
  CurrentActor,
  CurrentUser,
  type AuthenticatedRequest,
} from './auth.decorator';
import { SESSION_COOKIE, type Actor, type AuthUser } from './auth-user';
import { AuthService, toMe } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Email and password; sets the session cookie and answers the user. Failed attempts are throttled per address and account and audited.',
  })
  @ZodResponse({ status: 200, type: LoginResponseDto })
  async login(
    @Body() body: LoginRequestDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.auth.login(body, actorOf(request));
    void reply.setCookie(
      SESSION_COOKIE,
      result.accessToken,
      this.cookieOptions(request, result.expiresIn),
    );
    return { data: result };
  }

  @Post('logout')
  @ApiOperation({
    summary: 'Sign out',
    description: 'Ends this session and clears its cookie.',
  })
  @HttpCode(204)
  @Auth({ beforePasswordChange: true })
  async logout(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user, actor);
    void reply.clearCookie(SESSION_COOKIE, this.cookieOptions(request, 0));
  }

  @Post('password')
  @HttpCode(204)
  @Auth({ beforePasswordChange: true })
  @ApiOperation({
    summary: 'Change your own password',
    description: 'Needs the current password; every other session is signed out.',
  })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.auth.changePassword(user, body, actor);
  }

  @Post('logout-everywhere')
  @ApiOperation({
    summary: 'Sign out everywhere',
    description: 'Ends every session of the signed-in user, this one included.',
  })
  @HttpCode(204)
  @Auth({ beforePasswordChange: true })
  async logoutEverywhere(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user, actor, true);
    void reply.clearCookie(SESSION_COOKIE, this.cookieOptions(request, 0));
  }

  @Get('me')
  @ApiOperation({
    summary: 'The signed-in user',
    description: 'Name, email, role and the permissions the role grants.',
  })
  @Auth({ beforePasswordChange: true })
  @ZodResponse({ type: MeResponseDto })
  me(@CurrentUser() user: AuthUser) {
    return { data: toMe(user) };
  }

  /** Like /me, but 200 with null when nobody is signed in: the web UI's first call. */
  @Get('session')
  @ApiOperation({
    summary: 'The current session',
    description: 'The user and permissions the UI starts from; 401 when not signed in.',
  })
  @ZodResponse({ type: SessionResponseDto })
  async session(@Req() request: AuthenticatedRequest) {
    const user = await this.auth.principalOf(request);
    return { data: user ? toMe(user) : null };
  }

  private cookieOptions(request: FastifyRequest, maxAge: number) {
    return {
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: this.config.cookieSecure ?? request.protocol === 'https',
      path: '/',
      maxAge,
    };
  }
}
