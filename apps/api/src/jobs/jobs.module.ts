import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JobsRepository } from './jobs.repository';

/** The background-job queue, one per process, for every feature that queues work. */
@Global()
@Module({ providers: [JobsRepository, JobQueue], exports: [JobQueue] })
export class JobsModule {}
