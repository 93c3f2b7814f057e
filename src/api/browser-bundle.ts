/** What to bundle: an entry module's source, where its imports resolve from, and an optional global. */
export interface BundleEntry {
  readonly contents: string;
  readonly resolveDir: string;
  readonly globalName?: string;
}

/**
 * A script for a browser, bundled with esbuild from installed packages once per process (again
 * after a failure). `entry` answers undefined when a package it needs is not installed; esbuild
 * and the SDK are development dependencies, so a production install serves no bundle.
 */
export function browserBundle(entry: () => BundleEntry | undefined): () => Promise<Buffer | undefined> {
  let bundling: Promise<Buffer | undefined> | undefined;
  return () => {
    bundling ??= bundle(entry).catch((error: unknown) => {
      bundling = undefined;
      throw error;
    });
    return bundling;
  };
}

async function bundle(entry: () => BundleEntry | undefined): Promise<Buffer | undefined> {
  const source = entry();
  if (!source) return undefined;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const result = await esbuild.build({
    stdin: { contents: source.contents, resolveDir: source.resolveDir },
    bundle: true,
    format: 'iife',
    ...(source.globalName ? { globalName: source.globalName } : {}),
    platform: 'browser',
    target: 'es2019',
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}
