import { View } from '@tarojs/components';

/** The page's error text; renders nothing when empty. E2E: `#error-message`. */
export function ErrorBanner({ message }: { message: string }) {
  if (!message) return null;
  return (
    <View id="error-message" className="error-banner">
      {message}
    </View>
  );
}
