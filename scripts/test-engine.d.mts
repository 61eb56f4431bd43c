export declare const TEST_IMAGE: string;
/** A port on loopback that nothing listens on now, for a test's own server to take. */
export declare function freePort(): Promise<number>;
export declare function docker(host: string, args: string[]): Promise<string>;
export declare function dockerRefused(host: string, args: string[]): Promise<string>;
export declare function startTestEngine(options?: {
  args?: string[];
}): Promise<{ dir: string; host: string; socketPath: string; stop(): Promise<void>; restart(): Promise<void> }>;
export declare function buildTestImage(host: string): Promise<string>;
export interface TestPodman {
  dir: string;
  host: string;
  socketPath: string;
  /** The podman CLI on the service's own storage. */
  podman(this: void, args: string[]): Promise<string>;
  stop(): Promise<void>;
}
export declare function startTestPodman(): Promise<TestPodman>;
export declare function buildPodmanTestImage(podman: TestPodman['podman']): Promise<string>;
