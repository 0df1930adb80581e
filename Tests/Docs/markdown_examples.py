"""The examples of a Markdown document, as Tests/Docs/examples.py reads and rewrites them: a ```sh
block directly followed by an output block (see examples.py for the whole convention)."""

import re
import sys

COMMAND_LANGS = {"sh", "bash", "shell"}
OUTPUT_LANGS = {"", "json", "text"}
MARKERS = {"needs-corpus", "no-output"}
FENCE = re.compile(r"^( *)(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$")


class Block:
    def __init__(self, start, end, indent, info, lines):
        self.start, self.end = start, end  # 0-based line numbers of the opening and closing fence
        self.indent, self.info, self.lines = indent, info, lines
        words = info.split()
        self.lang = words[0].lower() if words else ""
        self.markers = words[1:]

    @property
    def text(self):
        return "\n".join(self.lines)


class Example:
    def __init__(self, doc, command, output):
        self.doc, self.command, self.output = doc, command, output
        self.line = command.start + 1  # 1-based, for people

    @property
    def where(self):
        return f"{self.doc['path']}:{self.line}"


def parse_blocks(lines, path):
    """Every fenced block of a Markdown file, with its content de-indented by the fence's indent."""
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3)
        j = i + 1
        while j < len(lines):
            close = re.match(r"^( *)(" + re.escape(fence[0]) + r"{" + str(len(fence)) + r",})[ \t]*$", lines[j])
            if close:
                break
            j += 1
        if j == len(lines):
            sys.exit(f"{path}:{i + 1}: code block never closed")
        content = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[i + 1:j]]
        blocks.append(Block(i, j, indent, info, content))
        i = j + 1
    return blocks


def extract(doc, lines, update):
    """The examples of one document, in order, and the line numbers of ```sh blocks that are not."""
    blocks = parse_blocks(lines, doc["path"])
    examples, others, problems = [], [], []
    for index, block in enumerate(blocks):
        if block.lang not in COMMAND_LANGS:
            continue
        unknown = [m for m in block.markers if m not in MARKERS]
        if unknown:
            problems.append(f"{doc['path']}:{block.start + 1}: unknown marker {' '.join(unknown)} "
                            f"(known: {', '.join(sorted(MARKERS))})")
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        has_output = (following is not None and following.start == block.end + 1
                      and following.lang in OUTPUT_LANGS and following.indent == block.indent)
        if has_output:
            if "no-output" in block.markers:
                problems.append(f"{doc['path']}:{block.start + 1}: marked no-output but has an output block")
                continue
            examples.append(Example(doc, block, following))
        elif "no-output" in block.markers:
            examples.append(Example(doc, block, None))
        elif re.search(r"\bcurl\b", block.text):
            if update:
                examples.append(Example(doc, block, None))  # --update writes its output block
            else:
                problems.append(f"{doc['path']}:{block.start + 1}: curl commands without an output block "
                                "(run --update to write one, or mark the block `sh no-output`)")
        else:
            others.append(block.start + 1)
    return examples, others, problems


def rewrite(lines, edits):
    """Applies (example, new output lines) edits bottom-up: replaces an output block's content or,
    for a command block without one, inserts an output block right after it."""
    for example, new in sorted(edits, key=lambda e: e[0].command.start, reverse=True):
        pad = " " * example.command.indent
        body = [pad + line if line else "" for line in new]
        if example.output is not None:
            lines[example.output.start + 1:example.output.end] = body
        else:
            lines[example.command.end + 1:example.command.end + 1] = [pad + "```"] + body + [pad + "```"]
