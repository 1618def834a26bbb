import { runMain } from '../tooling/cli';
import { addCompileHints } from '../tooling/compile-hints';

// `npm run build`'s last step, after `next build`: tooling/compile-hints.ts says why.
runMain(async () => {
  const { hinted, filesRewritten } = addCompileHints('.next');
  console.log(
    `Compile hints: ${hinted.length} chunks every page loads first; integrity updated in ${filesRewritten} files.`,
  );
});
