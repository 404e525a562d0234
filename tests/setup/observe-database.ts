/**
 * Server tests: every query the functions issue must be served by a declared index (as CloudBase would need at
 * city scale). Queries issued from tests/functions are checked against COLLECTION_SPECS; the budget script
 * fails the run naming each unserved one.
 */
import { COLLECTION_SPECS, type CollectionName } from '../../cloudfunctions/lib/db';
import { describeShape, isServed, shapesOf } from '../../local-backend/db/index-coverage';
import { onDatabaseRequest } from '../../local-backend/db/install';
import { flushObservations, recordUnservedQuery } from '../helpers/observations';

const testPath = expect.getState().testPath ?? '';
const checked = /[/\\]tests[/\\](functions|pages)[/\\]/.test(testPath);

const stop = checked
  ? onDatabaseRequest((event) => {
      for (const shape of shapesOf(event)) {
        const spec = COLLECTION_SPECS[shape.collection as CollectionName];
        if (spec && !isServed(shape, spec.indexes)) {
          recordUnservedQuery(describeShape(shape), expect.getState().currentTestName ?? '(setup)');
        }
      }
    })
  : () => {};

afterAll(() => {
  stop();
  flushObservations(testPath);
});
