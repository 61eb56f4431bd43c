export declare function makeKey(path: string, comment?: string): Promise<string>;
export interface TestSshd {
  dir: string;
  port: number;
  /** A private key the server authorizes (and its .pub beside it). */
  clientKey: string;
  /** The known_hosts line of this server's key. */
  knownHostsLine: string;
  /** How many SSH connections the server has accepted so far. */
  connections(this: void): number;
  log(this: void): string;
  /** Ends every open SSH connection, as a network failure would. */
  dropConnections(this: void): Promise<void>;
  stop(): Promise<void>;
}
export declare function startTestSshd(options: { dockerHost: string }): Promise<TestSshd>;
