import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { FOLLOW_UP_DELAYS_MS, RETRY_FLOW } from '../fortnoxInvoice';
import { EMPTY, find, flush, mount, RECORD_ID, show } from './helpers';

const NEEDS_ATTENTION = {
  ...EMPTY,
  Fortnox_Status__c: 'Needs Attention',
  Fortnox_Sync_Error__c: 'The customer has no organisation number.',
  Fortnox_Synced_At__c: '2026-07-10T09:30:00.000Z',
};

function toasts(element) {
  const seen = [];
  element.addEventListener('lightning__showtoast', (event) => seen.push(event.detail));
  return seen;
}

async function clickRetry(element) {
  find(element, 'retry').click();
  await flush();
  return find(element, 'retry-flow');
}

async function finishFlow(element, status) {
  find(element, 'retry-flow').dispatchEvent(new CustomEvent('statuschange', { detail: { status } }));
  await flush();
}

/** A card on a record that needs attention, whose Retry flow has just ended with `status`. */
async function retried(status) {
  const element = mount();
  const seen = toasts(element);
  await show(NEEDS_ATTENTION);
  await clickRetry(element);
  await finishFlow(element, status);
  return { element, seen };
}

const ALL_FOLLOW_UPS_MS = FOLLOW_UP_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);

function refreshesOf() {
  return notifyRecordUpdateAvailable.mock.calls.filter(([ids]) => ids[0]?.recordId === RECORD_ID).length;
}

describe('c-fortnox-invoice: Retry', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('starts the retry flow for this record, which publishes Fortnox_Sync_Request__e', async () => {
    const element = mount();
    await show(NEEDS_ATTENTION);
    const flow = await clickRetry(element);
    expect(flow.flowApiName).toBe(RETRY_FLOW);
    expect(flow.flowInputVariables).toEqual([{ name: 'recordId', type: 'String', value: RECORD_ID }]);
    expect(find(element, 'retry').disabled).toBe(true);
  });

  for (const status of ['FINISHED', 'FINISHED_SCREEN']) {
    it(`confirms with a toast and reloads the record when the flow ends (${status})`, async () => {
      const { element, seen } = await retried(status);
      expect(seen).toEqual([expect.objectContaining({ variant: 'success', title: 'Retry requested' })]);
      expect(refreshesOf()).toBe(1);
      expect(find(element, 'retry-flow')).toBeNull();
      expect(find(element, 'retry').disabled).toBe(false);
    });
  }

  it('says what to ask the admin for when the flow fails, and reloads nothing', async () => {
    const { element, seen } = await retried('ERROR');
    expect(seen).toEqual([
      expect.objectContaining({
        variant: 'error',
        title: 'Retry could not be requested',
        message: expect.stringContaining('Fortnox Sync User'),
      }),
    ]);
    expect(refreshesOf()).toBe(0);
    expect(find(element, 'retry-flow')).toBeNull();
  });

  it('looks again until the write-back arrives, then stops', async () => {
    jest.useFakeTimers();
    const { element } = await retried('FINISHED');
    expect(refreshesOf()).toBe(1);

    jest.advanceTimersByTime(FOLLOW_UP_DELAYS_MS[0]);
    expect(refreshesOf()).toBe(2);

    // fortnox-sync has retried: the invoice is booked and the error is gone.
    await show({
      ...EMPTY,
      Fortnox_Status__c: 'Booked',
      Fortnox_Invoice_Number__c: '1043',
      Fortnox_Synced_At__c: '2026-07-10T09:31:05.000Z',
    });
    expect(find(element, 'status').textContent.trim()).toBe('Booked');
    expect(find(element, 'error')).toBeNull();
    jest.advanceTimersByTime(ALL_FOLLOW_UPS_MS);
    expect(refreshesOf()).toBe(2);
  });

  it('gives up after the last follow-up when nothing comes back', async () => {
    jest.useFakeTimers();
    await retried('FINISHED');
    jest.advanceTimersByTime(ALL_FOLLOW_UPS_MS * 2);
    expect(refreshesOf()).toBe(1 + FOLLOW_UP_DELAYS_MS.length);
  });

  it('stops following up when the card leaves the page', async () => {
    jest.useFakeTimers();
    const { element } = await retried('FINISHED');
    document.body.removeChild(element);
    jest.advanceTimersByTime(ALL_FOLLOW_UPS_MS);
    expect(refreshesOf()).toBe(1);
  });
});

describe('c-fortnox-invoice: the record page refreshes', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('reloads the record when the page refreshes its view, and unregisters when removed', async () => {
    const element = mount();
    await show(NEEDS_ATTENTION);
    expect(registerRefreshHandler).toHaveBeenCalledTimes(1);
    const [, handler] = registerRefreshHandler.mock.calls[0];
    await expect(handler()).resolves.toBe(true);
    expect(refreshesOf()).toBe(1);
    const id = registerRefreshHandler.mock.results[0].value;
    document.body.removeChild(element);
    expect(unregisterRefreshHandler).toHaveBeenCalledWith(id);
  });
});
