"""Simplified Chinese for matching: reasons, the match commands and the match screens."""

CATALOGUE: dict[str, str] = {
    # why someone fits
    "{skill} level {level} ≥ {needed}": "{skill} {level}级 ≥ {needed}",
    "{skill} level {level} ≥ {needed}, but level {level} is scarce: kept for harder slots": (
        "{skill} {level}级 ≥ {needed},但 {level}级人手紧缺:留给更难的岗位"
    ),
    "same community": "同社区",
    "from {site}": "来自{site}",
    "{hours} h in the last 30 days": "近30天 {hours} 小时",
    "in {group}": "属于{group}",
    "not in {group}": "不属于{group}",
    "continues {ref}": "已参与相关任务 {ref}",
    "no fixed time (due {due})": "无固定时间(截止 {due})",
    "no fixed time": "无固定时间",
    # why someone may not
    "not active": "未在岗",
    "no {skill} skill": "不会{skill}",
    "{skill} level {level} < {needed}": "{skill} {level}级 < {needed}",
    "minor: {skill} is adult-only": "未成年:{skill}仅限成人",
    "no {skill} certificate": "没有{skill}证书",
    "{skill} certificate expired {expires} (needed on {day})": (
        "{skill}证书已于 {expires} 过期({day} 需要有效证书)"
    ),
    "away {start} – {end}": "外出 {start} – {end}",
    "not free on {slots}": "{slots} 没空",
    "already on this task ({skill})": "已在此任务中({skill})",
    "declined this task": "已谢绝此任务",
    "did not show up for this task": "此任务曾未到场",
    "booked on {ref} at {when}": "已安排 {ref}({when})",
    "weekly cap {cap} h: {booked} h booked + {hours} h": (
        "每周上限 {cap} 小时:已确认 {booked} 小时 + {hours} 小时"
    ),
    "no open {skill} slot left": "{skill}已没有空缺",
    "task, volunteer or skill no longer exists": "任务、志愿者或技能已不存在",
    # why a slot stays empty
    "no active volunteer has {skill} ≥ {level}": "没有在岗志愿者的{skill}达到 {level}级",
    "no adult has {skill} ≥ {level}": "没有成年志愿者的{skill}达到 {level}级",
    "no one with {skill} ≥ {level} holds a valid certificate": (
        "{skill}达到 {level}级的人都没有有效证书"
    ),
    "no one with {skill} ≥ {level} is free on {slots}": "{slots} 没有{skill}达到 {level}级的人有空",
    "everyone with {skill} ≥ {level} free on {slots} is away or booked then": (
        "{slots} 有空且{skill}达到 {level}级的人都外出或已有安排"
    ),
    "no one with {skill} ≥ {level} is left: all are on this task, declined it,"
    " or at their weekly cap": (
        "没有{skill}达到 {level}级的人可选:都已在此任务中、已谢绝,或已到每周时长上限"
    ),
    "only {n} people with {skill} ≥ {level} are eligible": (
        "只有 {n} 人的{skill}达到 {level}级且符合条件"
    ),
    "the {n} eligible people are proposed for other slots or would pass their weekly cap": (
        "符合条件的 {n} 人已安排到其他岗位,或会超过每周时长上限"
    ),
    "the window has passed ({when})": "时间已过({when})",
    # proposal notes
    "exact matching per time group (SciPy min_weight_full_bipartite_matching)": (
        "按时间段分组精确匹配(SciPy min_weight_full_bipartite_matching)"
    ),
    "weekly caps settled in {n} rounds": "每周时长上限经 {n} 轮调整",
    "{n} time groups were too large for the exact model and were filled greedily": (
        "{n} 个时间段规模过大,改用贪心法安排"
    ),
    "a greedy pass filled {n} more slots": "贪心补位又填了 {n} 个岗位",
    "greedy pass kept: it filled {g} slots (fit {gf}), the solver {s} (fit {sf})": (
        "采用贪心结果:贪心填 {g} 个岗位(匹配度 {gf}),求解器 {s} 个(匹配度 {sf})"
    ),
    "solver kept: {s} slots (fit {sf}); a greedy pass fills {g} (fit {gf})": (
        "采用求解器结果:{s} 个岗位(匹配度 {sf});贪心法为 {g} 个(匹配度 {gf})"
    ),
    "{n} lines failed the final rule check and were left out": "{n} 条未通过最终规则检查,已去掉",
    "solver": "求解器",
    "greedy": "贪心法",
    # storing
    "task {ref} does not need {skill} (it needs: {needs})": (
        "任务 {ref} 不需要 {skill}(需要:{needs})"
    ),
    "{name} has none of the skills {ref} needs ({needs})": "{name} 没有 {ref} 需要的技能({needs})",
    "{name} could fill {choices} on {ref}: say which with --skill": (
        "{name} 可承担 {ref} 的 {choices}:请用 --skill 指定"
    ),
    "{name} cannot take {skill} on {ref}: {reasons}": "{name} 不能承担 {ref} 的{skill}:{reasons}",
    "every {skill} slot of {ref} is filled ({count}/{count})": (
        "{ref} 的{skill}岗位已满({count}/{count})"
    ),
    "{name} is not assigned to {ref}": "{name} 没有安排在 {ref}",
    "{name} is on {ref} for {skills}: say which with --skill": (
        "{name} 在 {ref} 中承担 {skills}:请用 --skill 指定"
    ),
    "the assignment is already {state}": "该安排已经是「{state}」",
    "a {current} assignment cannot become {state} (allowed: {allowed})": (
        "「{current}」的安排不能改为「{state}」(可改为:{allowed})"
    ),
    "Stored {n} assignments as {state}.": "已保存 {n} 条安排,状态为「{state}」。",
    "Skipped {ref} {skill}: {reason}": "跳过 {ref} {skill}:{reason}",
    "Now staffed: {refs}": "已配齐人员:{refs}",
    "Open again: {refs}": "重新待认领:{refs}",
    "Offered the slot to {name} (fit {fit}): {reasons}": (
        "已将空缺转给 {name}(匹配度 {fit}):{reasons}"
    ),
    "No one else is eligible for this slot.": "没有其他符合条件的人。",
    "Nothing was stored: add --apply to store these lines as {state}.": (
        "尚未保存:加 --apply 可将以上安排保存为「{state}」。"
    ),
    # command output
    "due {due}, no fixed time": "截止 {due},无固定时间",
    "no date": "无日期",
    "{skill} {filled}/{count}{level}: {open} open, {eligible} eligible": (
        "{skill} {filled}/{count}{level}:空缺 {open},符合条件 {eligible} 人"
    ),
    "No one eligible.": "没有符合条件的人。",
    "… and {n} more (use --limit 0 for all)": "……还有 {n} 人(用 --limit 0 显示全部)",
    "Not eligible:": "不符合条件:",
    "{n} other active volunteers do not have {skill}.": "另有 {n} 名在岗志愿者不会{skill}。",
    "Proposal: {filled} of {slots} open slots filled on {tasks} tasks,"
    " total fit {fit} ({method})": (
        "建议方案:{tasks} 个任务的 {slots} 个空缺中填了 {filled} 个,总匹配度 {fit}({method})"
    ),
    "Unfilled:": "未填岗位:",
    "Unfilled": "未填岗位",
    "Fit": "匹配度",
    "Reasons": "理由",
    "Why": "原因",
    "Why not": "不符合原因",
    "Missing": "缺",
    "Match": "匹配",
    # match screens
    "Ranking volunteers…": "正在排序志愿者……",
    "Working out a proposal for every open task…": "正在为所有待认领任务生成方案……",
    "Draft: {lines} lines for {slots} open slots, total fit {fit}": (
        "草案:{slots} 个空缺,{lines} 条安排,总匹配度 {fit}"
    ),
    "store as {state}": "保存为「{state}」",
    "{skill} {filled}/{count}, picked {picked}": "{skill} {filled}/{count},已选 {picked}",
    "Not eligible: see the reasons": "不符合条件:请看原因",
    "Already picked for {skill}: one slot per person": "已选为{skill}:每人只占一个岗位",
    "All {n} open {skill} slots are picked": "{skill}的 {n} 个空缺都已选人",
    "Pick someone first (space)": "请先选人(空格键)",
    "Not stored": "未保存",
    "Nothing to accept": "没有可接受的安排",
    "Back without storing anything": "返回,不保存",
    "Back; the draft is not stored": "返回,草案不保存",
    "Pick": "选择",
    "Pick or unpick the volunteer under the cursor": "选中或取消光标处的志愿者",
    "Confirm": "确认",
    "Store the picked volunteers": "保存所选志愿者",
    "Proposed/confirmed": "拟安排/已确认",
    "Store picks as proposed or as confirmed": "将所选保存为拟安排或已确认",
    "Store accepted lines as proposed or as confirmed": "将接受的安排保存为拟安排或已确认",
    "Show or hide who may not, and why": "显示或隐藏不符合条件的人及原因",
    "Accept all": "全部接受",
    "Store every line of the draft": "保存草案中的全部安排",
    "Accept task": "接受此任务",
    "Store the lines of the task under the cursor": "保存光标处任务的安排",
    "Drop": "去掉",
    "Drop the line under the cursor": "去掉光标处的安排",
    "Swap": "换人",
    "Put another eligible person in this slot": "换一位符合条件的人",
    "Choose": "选定",
    "Put this person in the slot": "安排此人",
    "Keep the current person": "保留原人选",
    "the task is gone": "任务已不存在",
    # assignment events on a task's history, and the undo labels of assignment actions
    "{name} proposed for {skill}": "{name} 拟安排做{skill}",
    "{name} confirmed for {skill}": "{name} 确认做{skill}",
    "{name} declined {skill}": "{name} 谢绝了{skill}",
    "{name} did {skill}": "{name} 完成了{skill}",
    "{name} did not come for {skill}": "{name} 未到场({skill})",
    "{name} taken off {skill}": "{name} 不再做{skill}",
    "{name} worked {hours} h on {date} ({skill})": "{name} 于 {date} 工作 {hours} 小时（{skill}）",
    "(was {state})": "(原为{state})",
    "unassigned": "取消安排",
    "worked": "记工时",
    "Accepted {n} proposed assignments": "接受了 {n} 条建议安排",
    "Assigned {n} volunteers": "安排了 {n} 位志愿者",
    "Assigned {label}": "已安排 {label}",
    "Unassigned {label}": "已取消安排 {label}",
    # people already on the task, on the match screen
    "on this task: {state}": "已在此任务:{state}",
    "Already on this task": "已在此任务中",
    "Put the cursor on someone assigned to this task": "请把光标移到已安排在此任务的人",
    "Offered the slot to {name}": "已将空缺提供给 {name}",
    "Confirmed": "已确认",
    "The assigned person under the cursor said yes": "光标处的人已答应",
    "Declined": "谢绝",
    "The assigned person under the cursor declined: offer the slot to the next": (
        "光标处的人谢绝了:把空缺提供给下一位"
    ),
    "The assigned person under the cursor did the work": "光标处的人已完成",
    "No-show": "未到场",
    "The assigned person under the cursor did not come": "光标处的人未到场",
    "Unassign": "取消安排",
    "Take the assigned person under the cursor off the task": "取消光标处的人在此任务的安排",
}
