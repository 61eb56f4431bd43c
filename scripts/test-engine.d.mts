export declare const TEST_IMAGE: string;
export declare function docker(host: string, args: string[]): Promise<string>;
export declare function startTestEngine(): Promise<{ dir: string; host: string; socketPath: string; stop(): Promise<void> }>;
export declare function buildTestImage(host: string): Promise<string>;
