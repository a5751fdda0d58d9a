import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useQueryClient } from '@tanstack/react-query';
import {
  DEFAULT_PORTS,
  DIALECTS,
  type Connection,
  type DbType,
  type TestResult,
  type TestStage,
} from '@sluice/contracts';
import { ApiError } from '../../lib/apiClient';
import { setServerErrors } from '../../lib/formErrors';
import {
  acceptHostKey,
  createConnection,
  fetchConnection,
  testNewConnection,
  updateConnection,
} from './connectionsApi';
import {
  emptyValues,
  fingerprint,
  toCreate,
  toTest,
  toUpdate,
  valuesFrom,
  type ConnectionFormValues,
} from './connectionForm';
import { CONNECTIONS_KEY } from './useConnections';
import { connectionResolver } from './connectionResolver';
import { useNotify } from '../../lib/useNotify';

interface TestState {
  fingerprint: string;
  /** The receipt lets the save store this test as the connection's last test (absent on a 422). */
  result: TestResult & { receipt?: string };
}

/** The connection dialog's state: form, test-before-save gate, save, and what the server said. */
export function useConnectionForm(open: boolean, original: Connection | null, onDone: () => void) {
  const client = useQueryClient();
  const notify = useNotify();
  const [connection, setConnection] = useState<Connection | null>(original);
  const form = useForm<ConnectionFormValues>({
    resolver: connectionResolver,
    defaultValues: emptyValues(),
    mode: 'onTouched',
  });
  const [test, setTest] = useState<TestState | null>(null);
  const [testing, setTesting] = useState(false);
  /** The stages of the running test, as the server reports them. */
  const [liveStages, setLiveStages] = useState<TestStage[]>([]);
  const [removePassword, setRemovePassword] = useState(false);
  const [stale, setStale] = useState(false);
  const portEdited = useRef(false);
  const testAbort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!open) return;
    setConnection(original);
    form.reset(original ? valuesFrom(original) : emptyValues());
    setTest(null);
    setRemovePassword(false);
    setStale(false);
    portEdited.current = !!original;
  }, [open, original, form]);

  const values = form.watch();
  const current = fingerprint(values, removePassword);
  const passed = test !== null && test.result.success && test.fingerprint === current;
  const failedTest = test !== null && !test.result.success && test.fingerprint === current;
  // Only a change of what the test depends on needs a new test: a name or description saves at once.
  const targetUnchanged =
    connection !== null && current === fingerprint(valuesFrom(connection), false);
  /** The receipt of the test of exactly these values, sent with the save. */
  const receiptFor = (formValues: ConnectionFormValues) =>
    test && test.fingerprint === fingerprint(formValues, removePassword) && test.result.receipt
      ? { testReceipt: test.result.receipt }
      : {};

  const changeType = (dbType: DbType) => {
    form.setValue('dbType', dbType, { shouldDirty: true });
    if (!portEdited.current)
      form.setValue('port', String(DEFAULT_PORTS[dbType] ?? ''), { shouldDirty: true });
    if (DIALECTS[dbType].location === 'file') form.setValue('host', '');
  };

  const applyServerErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      form.setError('root', {
        message: 'Sluice could not be reached. Check your network and try again.',
      });
      return;
    }
    if (error.status === 412) {
      setStale(true);
      return;
    }
    setServerErrors(form.setError, error);
    if (error.status === 422 && error.problem.testResult) {
      setTest({ fingerprint: current, result: error.problem.testResult as TestResult });
    }
  };

  const runTest = form.handleSubmit(async (formValues) => {
    const controller = new AbortController();
    testAbort.current = controller;
    setTesting(true);
    setLiveStages([]);
    try {
      const result = await testNewConnection(
        toTest(formValues, connection ?? undefined, removePassword),
        controller.signal,
        (stage) => setLiveStages((seen) => [...seen, stage]),
      );
      setTest({ fingerprint: fingerprint(formValues, removePassword), result });
    } catch (error) {
      // A cancelled test leaves the form as it was: no result, no error.
      if (!controller.signal.aborted) applyServerErrors(error);
    } finally {
      if (testAbort.current === controller) testAbort.current = null;
      setTesting(false);
    }
  });
  /** Stops the running test: the request is dropped, and the server ends the test with it. */
  const cancelTest = () => testAbort.current?.abort();

  const save = form.handleSubmit(async (formValues) => {
    try {
      if (connection) {
        await updateConnection(
          connection.id,
          { ...toUpdate(formValues, connection, removePassword), ...receiptFor(formValues) },
          connection.version,
        );
        notify(`Saved ${formValues.name}`);
      } else {
        await createConnection({ ...toCreate(formValues), ...receiptFor(formValues) });
        notify(`Created ${formValues.name}`);
      }
      await client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      onDone();
    } catch (error) {
      applyServerErrors(error);
      if (!(error instanceof ApiError && error.status < 500))
        notify('Could not save the connection', 'error');
    }
  });

  /** After SSH_HOST_KEY_MISMATCH: pin the key the test showed, then test again with it. */
  const acceptNewHostKey = async (fingerprint: string) => {
    if (!connection) return;
    const updated = await acceptHostKey(connection.id, fingerprint);
    setConnection(updated);
    notify(`Accepted the bastion's new host key`);
    await runTest();
  };

  /** After a 412: load what the other person saved and start again from it. */
  const reload = async () => {
    if (!connection) return;
    const fresh = await fetchConnection(connection.id);
    setConnection(fresh);
    form.reset(valuesFrom(fresh));
    setTest(null);
    setStale(false);
  };

  return {
    form,
    values,
    connection,
    /** A change saved outside the form (AI access): its new version keeps Save from a 412. */
    setConnection,
    test: test?.result ?? null,
    testIsStale: test !== null && test.fingerprint !== current,
    testing,
    liveStages,
    passed,
    failedTest,
    canSave: passed || targetUnchanged,
    targetUnchanged,
    stale,
    removePassword,
    setRemovePassword,
    markPortEdited: () => (portEdited.current = true),
    changeType,
    cancelTest,
    runTest,
    save,
    reload,
    acceptNewHostKey,
  };
}

export type ConnectionFormState = ReturnType<typeof useConnectionForm>;
