import { Inject, Injectable } from '@nestjs/common';
import { BoundedSlots } from '../../common/bounded-slots';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/** The bounded pool queries run through (QUERY_CONCURRENCY, QUERY_CONCURRENCY_PER_USER). */
@Injectable()
export class QuerySlots extends BoundedSlots {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(() => config.query.concurrency, 'queries');
  }
}
