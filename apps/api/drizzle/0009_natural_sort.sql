-- Names sort as a person reads them: case-insensitively at first, with numbers in order
-- ("Bulk 2" before "Bulk 10"). An ICU collation where the server has ICU (the embedded one
-- does), else the byte order it had before.
DO $$
BEGIN
  CREATE COLLATION IF NOT EXISTS sluice_natural (provider = icu, locale = 'und-u-kn-true');
EXCEPTION WHEN OTHERS THEN
  CREATE COLLATION IF NOT EXISTS sluice_natural FROM "C";
END
$$;
