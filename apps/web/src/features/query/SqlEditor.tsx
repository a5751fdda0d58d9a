import { useEffect, useRef } from 'react';
import { Box } from '@mui/material';
import { basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { MySQL, PostgreSQL, SQLite, sql, type SQLDialect } from '@codemirror/lang-sql';
import type { DbType } from '@sluice/contracts';

const DIALECTS: Partial<Record<DbType, SQLDialect>> = {
  postgresql: PostgreSQL,
  mysql: MySQL,
  sqlite: SQLite,
};

/** CodeMirror 6 with SQL highlighting and completion of the catalog's tables and columns. */
export function SqlEditor({
  value,
  onChange,
  onRun,
  dbType,
  schema,
  focusAt,
}: {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  dbType: DbType | null;
  schema: Record<string, string[]>;
  /** A 1-based position to put the cursor at (an error's), when it changes. */
  focusAt: number | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const latest = useRef({ onChange, onRun });
  latest.current = { onChange, onRun };

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          keymap.of([{ key: 'Mod-Enter', run: () => (latest.current.onRun(), true) }]),
          basicSetup,
          language.current.of(sql()),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'SQL editor' }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once; value changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const dialect = (dbType && DIALECTS[dbType]) || undefined;
    view.current?.dispatch({
      effects: language.current.reconfigure(sql({ dialect, schema, upperCaseKeywords: false })),
    });
  }, [dbType, schema]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || focusAt === null) return;
    const at = Math.min(Math.max(0, focusAt - 1), editor.state.doc.length);
    editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    editor.focus();
  }, [focusAt]);

  return (
    <Box
      ref={host}
      sx={{
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        '& .cm-editor': { minHeight: 160, maxHeight: 360, fontSize: 14 },
        '& .cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
        '& .cm-editor.cm-focused': { outline: '2px solid', outlineColor: 'primary.main' },
      }}
    />
  );
}
