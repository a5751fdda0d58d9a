import { Module } from '@nestjs/common';
import { IsolatedDrivers } from './isolation/isolated-drivers';

/** The drivers, each job run in a driver thread: connection tests and schema reads. */
@Module({ providers: [IsolatedDrivers], exports: [IsolatedDrivers] })
export class DriversModule {}
