import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { TestResult } from '@sluice/contracts';
import { networkFailure, silentFailure, timeoutFailure } from './network-failures';
import { DeadlineError, type TestRun } from './test-run';
import { errorMessageOf } from './error-text';

/**
 * The connect (and tls) stages of a driver whose SDK opens its own socket in one opaque step
 * (Snowflake, Databricks, Oracle): a TCP connection to the address the network policy checked,
 * then, with `tls`, a TLS handshake that verifies the certificate against the host typed. The
 * failed test, or null when they passed.
 */
export async function preflight(
  run: TestRun,
  address: string,
  host: string,
  port: number,
  {
    tls,
    label,
    connectPort = port,
    connected = false,
  }: {
    tls: boolean;
    label: string;
    /** Where to connect when it is not `port`: the local end of an SSH tunnel. */
    connectPort?: number;
    /** The connect stage was already passed (by the tunnel's channel). */
    connected?: boolean;
  },
): Promise<TestResult | null> {
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;
  let stage: 'connect' | 'tls' = 'connect';
  const close = () => {
    secure?.destroy();
    socket?.destroy();
  };
  try {
    const tcp = connectTcp({ host: address, port: connectPort });
    socket = tcp;
    await run.within('connect', settled(tcp, 'connect'), close);
    if (!connected) run.pass('connect');
    if (!tls) return null;
    stage = 'tls';
    secure = connectTls({
      socket: tcp,
      host,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: true,
    });
    await run.within('tls', settled(secure, 'secureConnect'), close);
    run.pass('tls');
    return null;
  } catch (error) {
    if (error instanceof DeadlineError)
      return run.failure(
        stage,
        stage === 'tls'
          ? silentFailure(host, port, run.deadlineMs, label)
          : timeoutFailure(host, port, run.deadlineMs),
      );
    return run.failure(
      stage,
      networkFailure(error, host, port, run.deadlineMs) ?? {
        errorCode: stage === 'tls' ? 'TLS_FAILED' : 'DRIVER_ERROR',
        message: `The ${stage === 'tls' ? 'TLS handshake' : 'connection'} failed: ${errorMessageOf(error)}`,
        hint: `Check the host and port: ${host}:${port} must be the HTTPS address of the service.`,
      },
    );
  } finally {
    close();
  }
}

function settled(socket: Socket, event: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once(event, resolve);
    socket.once('error', reject);
  });
}
