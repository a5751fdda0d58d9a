import { Inject, Injectable } from '@nestjs/common';
import { BoundedSlots } from '../common/bounded-slots';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** The bounded pool connection tests run through (CONNECTION_TEST_CONCURRENCY…). */
@Injectable()
export class TestSlots extends BoundedSlots {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(() => config.connectionTestConcurrency, 'connection tests');
  }
}
