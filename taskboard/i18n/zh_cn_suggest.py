"""Simplified Chinese for residents' suggestions: commands, the notice and the screen."""

CATALOGUE: dict[str, str] = {
    # statuses (context "suggestion": an assignment's `declined` reads 已谢绝 instead)
    "suggestion\x04received": "已收到",
    "suggestion\x04accepted": "已采纳",
    "suggestion\x04planned": "已列入计划",
    "suggestion\x04in progress": "正在落实",
    "suggestion\x04done": "已落实",
    "suggestion\x04declined": "暂不采纳",
    # outcomes
    "done on {day}": "已于{day}落实",
    "declined: {reason}": "暂不采纳:{reason}",
    "{done}/{linked} tasks done": "已完成 {done}/{linked} 项工作",
    "in progress ({parts})": "正在落实({parts})",
    "planned for {day}": "计划于{day}实施",
    # actions and their messages
    "Added {ref}": "已添加 {ref}",
    "Linked {task} to {ref}": "已把 {task} 关联到 {ref}",
    "Unlinked {task} from {ref}": "已取消 {task} 与 {ref} 的关联",
    "Declined {ref}": "已标记 {ref} 暂不采纳",
    "Reopened {ref}": "已重新受理 {ref}",
    "linked": "关联",
    "unlinked": "取消关联",
    "reopened": "重新受理",
    "linked {task}": "关联 {task}",
    "unlinked {task}": "取消关联 {task}",
    "suggestion {ref} was removed": "建议 {ref} 已删除",
    "no suggestion {number} at this site": "本社区没有第 {number} 条建议",
    "{count} suggestions are numbered {number}: {refs}; give the reference": (
        "有 {count} 条建议编号为 {number}:{refs};请给出编号"
    ),
    "add the suggestion first, then decline it with a reason": (
        "请先添加建议,再说明理由标记暂不采纳"
    ),
    "a suggestion's {field} is not changed by an edit": "建议的 {field} 不能通过修改来改变",
    "a suggestion is declined with a reason: use decline": "暂不采纳须说明理由:请用 decline",
    "{ref} was declined: reopen it before linking work to it": (
        "{ref} 已暂不采纳:请先重新受理,再关联工作"
    ),
    "{task} is already linked to {ref}": "{task} 已关联到 {ref}",
    "{task} is not linked to {ref}": "{task} 没有关联到 {ref}",
    "declining needs a reason: residents are told why": "暂不采纳须说明理由:要向居民解释原因",
    "reopening makes a suggestion received or accepted": "重新受理后建议为已收到或已采纳",
    "{ref} is not declined": "{ref} 并未标记暂不采纳",
    # fields
    "No.": "序号",
    "Suggestion": "建议",
    "Outcome": "落实情况",
    "Raised by": "提出人",
    "Source": "来源",
    "Photos": "照片",
    "Number": "序号",
    "Decision": "处理意见",
    "Reason": "理由",
    # the notice to residents
    "{site}: residents' suggestions and what became of them": "{site}居民建议落实情况公示",
    "{total} suggestions: {parts}": "共 {total} 条建议:{parts}",
    "{status} {count}": "{status} {count} 条",
    "{site} · as of {day}": "{site} · {day}",
    "What became of it": "落实情况",
    "No suggestions recorded yet.": "暂无居民建议记录。",
    # the report
    "Residents' suggestions": "居民建议",
    "suggestion\x04Declined": "暂不采纳",
    # commands
    "Added suggestion {ref}: {text}": "已添加建议 {ref}:{text}",
    "Updated suggestion {ref}": "已修改建议 {ref}",
    "No suggestions match.": "没有符合条件的建议。",
    "Suggestions done {done}/{total}": "已落实建议 {done}/{total}",
}
