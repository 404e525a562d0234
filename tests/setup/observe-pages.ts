/** Page tests: record the largest setData payload of each test file for the budget script. */
import { flushObservations, recordSetData } from '../helpers/observations';
import { getLargestSetData } from '../helpers/wx-mock';

const testPath = expect.getState().testPath ?? '';

afterEach(() => {
  const largest = getLargestSetData();
  if (largest) recordSetData(largest.bytes, largest.component, expect.getState().currentTestName ?? '');
});

afterAll(() => flushObservations(testPath));
