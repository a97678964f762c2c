/** A fixture size: R image repositories × T semver tags, F manifest files. */
export interface Size {
  name: SizeName;
  repos: number;
  tags: number;
  files: number;
  /** Warm runs per scenario (the median is reported); the cold run comes on top. */
  runs: number;
}

export type SizeName = 'small' | 'medium' | 'large';

export const SIZES: Record<SizeName, Size> = {
  small: { name: 'small', repos: 50, tags: 40, files: 200, runs: 5 },
  medium: { name: 'medium', repos: 200, tags: 100, files: 2_000, runs: 3 },
  large: { name: 'large', repos: 1_000, tags: 200, files: 20_000, runs: 1 },
};

export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];
