import { testRule } from '../../../test/support/rule-tester.js';
import { legacyLink } from './legacy-link.js';

testRule(legacyLink, {
  valid: [
    { inspect: { HostConfig: { Links: null } } },
    { inspect: { HostConfig: { Links: [] } } },
    // Issue 16: on a user-defined network a link is an alias only; no environment is copied.
    { compose: 'services: {web: {image: x, links: [db]}}', why: "a Compose project's own network" },
    { run: 'docker run --network app --link db:database alpine', why: 'a user-defined network' },
    { inspect: { HostConfig: { NetworkMode: 'app_default', Links: ['/db:/web/database'] } } },
  ],
  invalid: [
    {
      run: 'docker run --link db:database alpine',
      why: 'the default bridge, where the link copies the environment',
      errors: [{ messageId: 'link', path: ['links', 0] }],
    },
    {
      inspect: { HostConfig: { Links: ['/db:/web/database', '/cache:/web/cache'] } },
      errors: [
        { messageId: 'link', path: ['links', 0], data: { link: 'db:database' } },
        { messageId: 'link', path: ['links', 1], data: { link: 'cache:cache' } },
      ],
    },
  ],
});
