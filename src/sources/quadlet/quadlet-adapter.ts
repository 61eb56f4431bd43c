import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from '../../errors.js';
import { fileErrorReason } from '../../files/input-file.js';
import { PODMAN_RUNTIME } from '../../model/runtime.js';
import type { ContainerTarget, SourceKind } from '../../model/target.js';
import { findSuppressions } from '../discovery/inline-suppressions.js';
import { kubernetesAdapter } from '../kubernetes/kubernetes-adapter.js';
import { runArgumentsToSpec } from '../run-line/run-line-to-target.js';
import { addReading, emptyReading, readGivenFile, type FileSourceAdapter, type ReadText, type SourceReading } from '../source-adapter.js';
import { containerArguments, containerName, resolveFromUnit, type UnitContext } from './container-unit.js';
import { entriesOf, mergeDropIn, parseUnitFile, singleValue, type UnitFile, type UnitProblem } from './unit-file.js';
import { parseEnvFile } from '../compose/interpolate.js';
import { parsePublish } from '../docker-grammar/index.js';

/** A Quadlet unit says what it sets itself, with Podman's defaults; what its image sets is unknown here. */
export const QUADLET_SOURCE: SourceKind = { id: 'quadlet', runtime: PODMAN_RUNTIME, imageDefaultsKnown: false, syntax: 'quadlet' };

/**
 * The unit files Quadlet reads (podman-systemd.unit(5)). A `.container` unit
 * is a container; a `.kube` unit's YAML goes to the Kubernetes source; the
 * others are read for what a container that names them takes from them (a
 * pod's network and ports, a volume's host path, a network's or an image's
 * name) and checked for what Quadlet would refuse.
 */
const UNIT_EXTENSIONS = new Set(['.container', '.kube', '.pod', '.network', '.volume', '.image', '.build']);

/**
 * The folders Quadlet reads units from (podman-systemd.unit(5)): for root
 * /etc and /usr/share's containers/systemd, and /run's since Podman 5.3; for
 * a user their configuration folder, $XDG_RUNTIME_DIR's since 5.3, and
 * /etc/containers/systemd/users (since 4.6), which the walk of
 * /etc/containers/systemd takes in.
 */
export function quadletUnitFolders(env: NodeJS.ProcessEnv, home: string): string[] {
  const config = env['XDG_CONFIG_HOME'] || join(home, '.config');
  return [
    '/run/containers/systemd',
    '/etc/containers/systemd',
    '/usr/share/containers/systemd',
    join(config, 'containers', 'systemd'),
    ...(env['XDG_RUNTIME_DIR'] ? [join(env['XDG_RUNTIME_DIR'], 'containers', 'systemd')] : []),
  ];
}

function problemsOf(file: string, problems: readonly UnitProblem[]): InputError[] {
  return problems.map(
    ({ at, key, problem }) =>
      new InputError({ file: at.file ?? file, line: at.line, column: at.column, ...(key !== undefined && { key }) }, problem),
  );
}

/**
 * The drop-in folders of a unit, broadest first (Quadlet's
 * GetUnitDropinPaths): `container.d`, then for `web-app-1.container` the
 * dashed prefixes `web-.container.d` and `web-app-.container.d`, for an
 * instance `name@x` its template's `name@.container.d`, then the unit's own.
 */
function dropInFolders(file: string): string[] {
  const extension = extname(file);
  const name = basename(file, extension);
  const [template = name, instance] = name.split('@');
  const parts = template.split('-');
  const prefixes = parts.slice(0, -1).map((_, index) => `${parts.slice(0, index + 1).join('-')}-`);
  return [
    `${extension.slice(1)}.d`,
    ...prefixes.flatMap((prefix) => [`${prefix}${extension}.d`, ...(name.includes('@') ? [`${prefix}@${extension}.d`] : [])]),
    ...(instance !== undefined && instance !== '' ? [`${template}@${extension}.d`] : []),
    `${basename(file)}.d`,
  ].map((folder) => join(dirname(file), folder));
}

/** One unit file read whole; a unit it names is read once from its folder. */
class UnitFolder {
  private readonly parsed = new Map<string, UnitFile | undefined>();

  constructor(
    private readonly readText: ReadText,
    private readonly reading: SourceReading,
  ) {}

  /** A unit given to the adapter, whose text is read already. */
  add(file: string, text: string): UnitFile {
    const unit = parseUnitFile(text);
    this.parsed.set(file, unit);
    this.reading.files.push(file);
    return unit;
  }

  /** A unit another one names; undefined where there is none to read. */
  unit(file: string): UnitFile | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    let unit: UnitFile | undefined;
    try {
      // Its places name it: a pod's published port is found in the pod's unit.
      unit = parseUnitFile(this.readText(file), file);
      this.reading.files.push(file);
    } catch {
      unit = undefined;
    }
    this.parsed.set(file, unit);
    return unit;
  }

  context(file: string): UnitContext {
    return {
      file,
      sibling: (name) => this.unit(join(dirname(file), basename(name))),
      envFile: (path) => {
        try {
          const variables = parseEnvFile(this.readText(path));
          this.reading.files.push(path);
          return variables;
        } catch {
          return undefined;
        }
      },
    };
  }

  /** A unit's drop-ins (`*.conf`), merged in order of their names, a more specific folder's file in place of a broader one's of that name. */
  mergeDropIns(file: string, unit: UnitFile): void {
    const byName = new Map<string, string>();
    for (const folder of dropInFolders(file)) {
      let names: string[];
      try {
        names = readdirSync(folder).filter((name) => name.endsWith('.conf'));
      } catch {
        continue;
      }
      for (const name of names) byName.set(name, join(folder, name));
    }
    for (const name of [...byName.keys()].sort()) {
      const path = byName.get(name) as string;
      let text: string;
      try {
        text = this.readText(path);
      } catch {
        continue;
      }
      this.reading.files.push(path);
      mergeDropIn(unit, parseUnitFile(text, path));
      const comments = findSuppressions(text, path);
      this.reading.suppressions.push(...comments.suppressions);
      this.reading.problems.push(...comments.problems);
    }
  }
}

function containerTarget(file: string, unit: UnitFile, folder: UnitFolder, reading: SourceReading): ContainerTarget | undefined {
  const section = unit.sections.get('Container');
  if (!section) {
    reading.problems.push(new InputError({ file, line: 1, column: 1 }, 'a .container unit needs a [Container] section'));
    return undefined;
  }
  const { args, problems } = containerArguments(section, folder.context(file));
  reading.problems.push(...problemsOf(file, problems));
  const { spec, sourceMap } = runArgumentsToSpec(args, 'podman', file, section.at);
  const name = spec.name ?? containerName(section, file);
  return { kind: 'container', id: `${file}#${name}`, name, spec, source: { kind: QUADLET_SOURCE, file }, sourceMap };
}

/**
 * A `.kube` unit runs `podman kube play` on its YAML: the Kubernetes source
 * reads those files, and the ports the unit publishes (its PublishPort=, as
 * `kube play --publish`) are published for every container they describe.
 */
async function kubeYaml(file: string, unit: UnitFile, readText: ReadText): Promise<SourceReading> {
  const reading = emptyReading();
  const kube = unit.sections.get('Kube');
  for (const entry of entriesOf(kube, 'Yaml')) {
    const yaml = resolveFromUnit(file, singleValue(entry));
    try {
      addReading(reading, await kubernetesAdapter.read([yaml], readText));
    } catch (error) {
      const reason = error instanceof InputError ? error.problem : `cannot read ${yaml} (${fileErrorReason(error)})`;
      reading.problems.push(new InputError({ file, line: entry.at.line, column: entry.at.column, key: 'Yaml' }, reason));
    }
  }
  for (const entry of entriesOf(kube, 'PublishPort')) {
    const binding = parsePublish(singleValue(entry));
    if (!binding) continue;
    for (const target of reading.targets) {
      const bindings = (target.spec.portBindings ??= []);
      target.sourceMap.set(['portBindings', bindings.length], { file, line: entry.at.line, column: entry.at.column });
      bindings.push(binding);
    }
  }
  return reading;
}

export const quadletAdapter: FileSourceAdapter = {
  name: 'quadlet',
  describes: 'a Quadlet unit',
  kind: QUADLET_SOURCE,
  claimsName: (path) => (UNIT_EXTENSIONS.has(extname(path).toLowerCase()) ? 'claims' : 'no'),
  claimsContent: (text) => /^\s*\[(Container|Kube|Pod|Network|Volume|Image|Build)\]\s*$/m.test(text),
  async read(files, readText) {
    const reading = emptyReading();
    const folder = new UnitFolder(readText, reading);
    for (const file of files) {
      const text = readGivenFile(readText, file);
      const unit = folder.add(file, text);
      folder.mergeDropIns(file, unit);
      reading.problems.push(...problemsOf(file, unit.problems));
      const comments = findSuppressions(text, file);
      reading.suppressions.push(...comments.suppressions);
      reading.problems.push(...comments.problems);
      const extension = extname(file).toLowerCase();
      if (extension === '.container') {
        const target = containerTarget(file, unit, folder, reading);
        if (target) reading.targets.push(target);
      } else if (extension === '.kube') addReading(reading, await kubeYaml(file, unit, readText));
    }
    return reading;
  },
};
