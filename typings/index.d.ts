/// <reference types="miniprogram-api-typings" />

interface IAppOption {
  globalData: Record<string, unknown>;
}
