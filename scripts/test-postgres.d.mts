export interface TestPostgres {
  dir: string;
  /** A new, empty database on the server, as a postgresql:// URL over the unix socket. */
  createDatabase(this: void): Promise<string>;
  stop(): Promise<void>;
}
export declare function startTestPostgres(): Promise<TestPostgres>;
