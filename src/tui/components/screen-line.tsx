import { Text } from 'ink';
import type { Line } from '../segments.js';
import type { Theme } from '../theme.js';

/**
 * One screen line. Lines arrive already cut to the width, so no wrapping happens here; an
 * empty line still takes its row (a space), which keeps the footer in place.
 */
export function ScreenLine({ line, theme, inverse = false }: { line: Line; theme: Theme; inverse?: boolean }) {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {line.map((part, index) => (
        <Text key={index} {...theme[part.role]}>
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
