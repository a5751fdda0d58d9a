import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './tokens';

@Global()
@Module({
  imports: [UsersModule, ApiTokensModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    SessionsRepository,
    LoginThrottleRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionsRepository, UsersModule],
})
export class AuthModule {}
