import { CLOUD_ENV_ID } from './config';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Only the cloud mode needs wx.cloud; the local backend is reached with wx.request.
    if (CLOUD_ENV_ID) wx.cloud.init({ env: CLOUD_ENV_ID, traceUser: true });
  },
});
