import 'reflect-metadata';
import { AsyncResource } from 'node:async_hooks';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createZodDto } from 'nestjs-zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { problemSchema } from '@sluice/contracts';
import { DomainError } from '../../src/common/domain-error';
import { ProblemFilter } from '../../src/common/problem.filter';
import { registerResponseSchemas, ZodResponse } from '../../src/common/zod-response';
import { createTestApp, type TestApp } from '../support/test-app';

const item = z.object({ name: z.string() });
class ItemResponseDto extends createZodDto(z.object({ data: item })) {}
class ItemDto extends createZodDto(item) {}

@Controller('t')
class AnswersController {
  @Get('extra')
  @ZodResponse({ type: ItemResponseDto })
  extra() {
    return { data: { name: 'kept', secret: 'dropped' } } as { data: { name: string } };
  }

  @Get('wrong')
  @ZodResponse({ type: ItemResponseDto })
  wrong() {
    return { data: { name: 42 } } as unknown as { data: { name: string } };
  }

  @Get('list')
  @ZodResponse({ type: [ItemDto] })
  list() {
    return [{ name: 'a', secret: 1 }, { name: 'b' }] as { name: string }[];
  }

  @Get('refused')
  @ZodResponse({ type: ItemResponseDto })
  refused(): { data: { name: string } } {
    throw new DomainError('NOT_FOUND', 'No such thing');
  }

  @Get('plain')
  plain() {
    return { anything: 'goes' };
  }
}

@Module({ controllers: [AnswersController] })
class AnswersModule {}

describe('answers parsed against their DTO by a route hook', () => {
  let app: NestFastifyApplication;
  const get = async (url: string) => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body };
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(AnswersModule, new FastifyAdapter(), {
      logger: false,
    });
    app.useGlobalFilters(new ProblemFilter());
    registerResponseSchemas(app.getHttpAdapter().getInstance());
    await app.init();
  });
  afterAll(() => app.close());

  it('drops the fields the DTO does not name', async () => {
    const res = await get('/t/extra');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { name: 'kept' } });
  });

  it('parses a list DTO item by item', async () => {
    expect(JSON.parse((await get('/t/list')).body)).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('answers an answer that does not fit its DTO with a generic 500, never the answer', async () => {
    const res = await get('/t/wrong');
    expect(res.status).toBe(500);
    expect(res.type).toContain('application/problem+json');
    expect(problemSchema.parse(JSON.parse(res.body)).code).toBe('INTERNAL_ERROR');
    expect(res.body).not.toMatch(/42|name/);
  });

  it('leaves a problem answer and a route without a DTO as they are', async () => {
    const refused = await get('/t/refused');
    expect(refused.status).toBe(404);
    expect(problemSchema.parse(JSON.parse(refused.body)).detail).toBe('No such thing');
    expect(JSON.parse((await get('/t/plain')).body)).toEqual({ anything: 'goes' });
  });
});

describe('a request through the whole API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // Nest wraps a request in AsyncResource.bind for each interceptor; on Node 20 each wrapper keeps
  // the request's objects alive until a full collection (see zod-response.ts).
  it('binds no AsyncResource, and its answer is still parsed against its DTO', async () => {
    const token = await t.adminToken();
    const bind = vi.spyOn(AsyncResource.prototype, 'bind');
    try {
      const health = await t.request('GET', '/api/health');
      const me = await t.request('GET', '/api/auth/me', { token });
      const search = await t.request('GET', '/api/catalog/search?q=orders', { token });
      expect([health.status, me.status, search.status]).toEqual([200, 200, 200]);
      expect(health.json()).toEqual({ data: { status: 'ok', database: 'ok' } });
      expect(bind).not.toHaveBeenCalled();
    } finally {
      bind.mockRestore();
    }
  });
});
