import type { TestProject } from 'vitest/node';
import { buildTestImage, startTestEngine } from '../../scripts/test-engine.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string;
    testImage: string;
  }
}

/** One private engine for the whole run; every integration test talks to it and nothing else. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await startTestEngine();
  try {
    project.provide('dockerHost', engine.host);
    project.provide('testImage', await buildTestImage(engine.host));
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return () => engine.stop();
}
