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

/** A page that could not load what it shows: only its error text. */
export function ErrorPage({ message }: { message: string }) {
  return (
    <View className="page">
      <ErrorBanner message={message} />
    </View>
  );
}
