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
    # the table's name in merge summaries and conflicts
    "suggestions": "居民建议",
    # the report
    "Residents' suggestions": "居民建议",
    "suggestion\x04Declined": "暂不采纳",
    # the suggestions screen and its questions
    "suggestions: open": "建议:打开",
    "Residents' suggestions and what became of them": "居民建议及落实情况",
    "Record a suggestion": "登记一条建议",
    "Edit the highlighted suggestion": "编辑选中的建议",
    "Link": "关联",
    "Link a task that answers it": "关联落实这条建议的任务",
    "Unlink": "取消关联",
    "Take a linked task off": "取消关联一项任务",
    "Decline": "暂不采纳",
    "Decline, with the reason residents read": "暂不采纳,并写明给居民的理由",
    "Reopen": "重新受理",
    "Take back a decline": "撤回暂不采纳",
    "Open task": "打开任务",
    "Open a linked task": "打开关联的任务",
    "Check and save the suggestion": "检查并保存建议",
    "Close without an answer": "不作回答并关闭",
    "New suggestion": "新建议",
    "No suggestion selected.": "未选中建议。",
    "No task is linked yet: press l to link one": "还没有关联任务:按 l 关联",
    "No task is linked": "没有关联的任务",
    "No task left to link": "没有可关联的任务了",
    "OK": "确定",
    "Which task answers {ref}?": "哪项任务落实 {ref}?",
    "Take which task off {ref}?": "取消 {ref} 的哪项任务?",
    "Open which task of {ref}?": "打开 {ref} 的哪项任务?",
    "Why is {ref} declined? Residents read this on the notice.": (
        "{ref} 为什么暂不采纳?居民会在公示中看到这段话。"
    ),
    "expected a date such as 2026-07-18": "应为日期,例如 2026-07-18",
    "expected the meeting's number, e.g. 7": "应为会上的序号,例如 7",
    # commands
    "Added suggestion {ref}: {text}": "已添加建议 {ref}:{text}",
    "Updated suggestion {ref}": "已修改建议 {ref}",
    "No suggestions match.": "没有符合条件的建议。",
    "Suggestions done {done}/{total}": "已落实建议 {done}/{total}",
}
