// A line diff (longest common subsequence) of two texts, as unified lines: [" "|"+"|"-", text].

export function lineDiff(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  // trim the common head and tail, then LCS on what is left (specs are small)
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint16Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = a.slice(0, start).map((line, n) => [" ", line, n + 1]);
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      out.push([" ", x[i], start + j + 1]);
      i += 1;
      j += 1;
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(["+", y[j], start + j + 1]);
      j += 1;
    } else {
      out.push(["-", x[i], null]);
      i += 1;
    }
  }
  for (let n = endB; n < b.length; n += 1) out.push([" ", b[n], n + 1]);
  return out;
}

/** Only the changed lines with `context` lines around them; gaps become ["…"]. */
export function hunks(lines, context = 2) {
  const keep = new Array(lines.length).fill(false);
  lines.forEach(([kind], n) => {
    if (kind === " ") return;
    for (let k = Math.max(0, n - context); k <= Math.min(lines.length - 1, n + context); k += 1) keep[k] = true;
  });
  const out = [];
  lines.forEach((line, n) => {
    if (keep[n]) out.push(line);
    else if (out.length && out[out.length - 1][0] !== "…") out.push(["…", "", null]);
  });
  return out;
}
