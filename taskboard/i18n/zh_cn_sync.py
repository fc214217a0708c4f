"""Simplified Chinese for sync: export, merge, shared folders, conflicts and keys."""

CATALOGUE: dict[str, str] = {
    # record types in summaries
    "sites": "社区",
    "skills": "技能",
    "volunteers": "志愿者",
    "tasks": "任务",
    "assignments": "人员安排",
    "hours": "工时",
    "history": "变更记录",
    "total": "合计",
    # merge summary
    "Records": "记录类型",
    "New": "新建",
    "Updated": "更新",
    "Deleted": "删除",
    "Conflicts": "冲突",
    "warning": "警告",
    "Dry run: nothing was changed.": "试运行：没有做任何改动。",
    "Nothing new: this site already holds everything in {files}.": (
        "没有新内容：本社区已有 {files} 中的全部记录。"
    ),
    "Nothing new: this site already holds everything in these bundles.": (
        "没有新内容：本社区已有这些同步包中的全部记录。"
    ),
    "Settle conflicts with `taskboard conflicts`.": "请用 `taskboard conflicts` 处理冲突。",
    "Merged {file}": "已合并 {file}",
    "Wrote {file}": "已写入 {file}",
    "No new bundles from other sites in {folder}.": "{folder} 中没有其他社区的新同步包。",
    "skipped {error}": "已跳过：{error}",
    # export
    "signed": "已签名",
    "unsigned": "未签名",
    "redacted": "已隐去个人信息",
    "changes {site} does not hold yet": "仅 {site} 尚未有的改动",
    "everything: nothing heard from {site} yet": "全部：尚未收到过 {site} 的同步包",
    "Exported {total} records to {file} ({notes}): {counts}": (
        "已导出 {total} 条记录到 {file}（{notes}）：{counts}"
    ),
    "Exported {count} records to {file}": "已导出 {count} 条记录到 {file}",
    # conflicts
    "Id": "编号",
    "Record": "记录",
    "Field": "字段",
    "Shown": "当前显示",
    "Other": "另一方",
    "Who": "操作人",
    "When": "时间",
    "Site": "社区",
    "removed": "已删除",
    "kept (edited)": "保留（对方有修改）",
    "(withheld)": "（未共享）",
    "(none)": "（无）",
    "No open conflicts.": "没有待处理的冲突。",
    "{count} open conflicts": "{count} 个待处理的冲突",
    "Resolve with: taskboard conflicts resolve ID --keep | --take-other | --value V": (
        "处理方法：taskboard conflicts resolve 编号 --keep | --take-other | --value 新值"
    ),
    "Resolved {field} of {ref}; other sites follow once they merge this site's bundle": (
        "已处理 {ref} 的 {field}；其他社区合并本社区的同步包后同步生效"
    ),
    "Resolved {field} of {ref}": "已处理 {ref} 的 {field}",
    "New value for {field} of {ref}": "{ref} 的 {field} 的新值",
    "resolved": "处理冲突",
    "Keep shown": "保留当前",
    "Keep the value shown now": "保留当前显示的值",
    "Take other": "采用对方",
    "Take the other site's value": "采用另一个社区的值",
    "New value": "输入新值",
    "Type a new value": "输入一个新值",
    "Back": "返回",
    "Back to where you were": "返回上一页",
    "Cancel": "取消",
    "Keep the conflict open": "暂不处理",
    "say how to resolve: --keep, --take-other or --value V": (
        "请说明处理方式：--keep、--take-other 或 --value 新值"
    ),
    "conflicts resolve: give exactly one of --keep, --take-other, --value": (
        "conflicts resolve：--keep、--take-other、--value 只能选一个"
    ),
    "no open conflict {id!r} (see `taskboard conflicts`)": (
        "没有编号为 {id!r} 的冲突（见 `taskboard conflicts`）"
    ),
    "{ref}: that value was withheld from this site; resolve it at {site}": (
        "{ref}：该值未共享给本社区，请在 {site} 处理"
    ),
    # sync screen
    "Sync with other sites": "与其他社区同步",
    "Type a bundle file (to merge or to export to) or a shared folder"
    " (USB stick, network share) after p, then choose an action below.": (
        "按 p 输入同步包文件（用于合并或导出）或共享文件夹（U 盘、网络共享），然后选择下方操作。"
    ),
    "Path": "路径",
    "Type the bundle file or shared folder": "输入同步包文件或共享文件夹",
    "bundle file or folder": "同步包文件或文件夹",
    "Export": "导出",
    "Write this site's bundle": "写出本社区的同步包",
    "Merge": "合并",
    "Merge the bundle file typed above": "合并上面输入的同步包",
    "Dry run": "试运行",
    "Show what merging the file would change, change nothing": "只显示合并会改动什么，不做改动",
    "Shared folder": "共享文件夹",
    "Merge the other sites' bundles in the folder typed above, leave ours": (
        "合并上面文件夹里其他社区的同步包，并放入本社区的"
    ),
    "Open the conflicts": "打开冲突列表",
    "Board": "看板",
    "Back to the board": "返回看板",
    "Exporting…": "正在导出…",
    "Merging {file}…": "正在合并 {file}…",
    "Syncing with {folder}…": "正在与 {folder} 同步…",
    "Type the bundle file to merge first": "请先输入要合并的同步包",
    "Type the shared folder first": "请先输入共享文件夹",
    # keys
    "this site": "本社区",
    "trusted": "已信任",
    "Role": "角色",
    "Fingerprint": "指纹",
    "Public key": "公钥",
    "Created the signing key of {site}. Public key:": "已为 {site} 创建签名密钥。公钥：",
    "Trusting {site} ({fingerprint}); merges now need a signature of a trusted site": (
        "已信任 {site}（{fingerprint}）；今后合并需要受信任社区的签名"
    ),
    "No keys yet: `taskboard key init` creates this site's key.": (
        "还没有密钥：`taskboard key init` 会创建本社区的密钥。"
    ),
    "this site has no signing key yet: run `taskboard key init`": (
        "本社区还没有签名密钥：请运行 `taskboard key init`"
    ),
    # errors and warnings
    "{file}: no such file": "{file}：文件不存在",
    "{file} is a folder, not a bundle": "{file} 是文件夹，不是同步包",
    "{file} is not UTF-8 text; it is not a bundle": "{file} 不是 UTF-8 文本，不是同步包",
    "{file} is nested too deeply": "{file} 嵌套层数过多",
    "{file} is not valid JSON (incomplete or damaged?): {reason}": (
        "{file} 不是有效的 JSON（不完整或已损坏？）：{reason}"
    ),
    "{file} is not a taskboard bundle": "{file} 不是 taskboard 同步包",
    "{file} is too large for a bundle ({size} MB, at most {limit} MB)": (
        "{file} 太大（{size} MB，最多 {limit} MB）"
    ),
    "{file}: unknown record type {table}": "{file}：未知的记录类型 {table}",
    "{where}: the id is already used by a record of {other}": "{where}：该编号已被{other}记录使用",
    "{where}: {key}: damaged merge bookkeeping": "{where}：{key}：合并信息已损坏",
    "{where}: {field}: not in the form taskboard writes it": (
        "{where}：{field}：不是 taskboard 写出的格式"
    ),
    "{file} is not signed, and this site accepts only bundles signed by a trusted site;"
    " nothing was merged": "{file} 没有签名，本社区只接受受信任社区签名的同步包；未做任何合并",
    "{file}: the signature does not match the content (changed after signing,"
    " or signed with another key); nothing was merged": (
        "{file}：签名与内容不符（签名后被改动，或用了其他密钥）；未做任何合并"
    ),
    "{file} is signed by {site}, which is not trusted here; nothing was merged"
    " (compare its key, then `taskboard key trust {site} KEY`)": (
        "{file} 由 {site} 签名，但本社区未信任它；未做任何合并"
        "（核对其公钥后运行 `taskboard key trust {site} 公钥`）"
    ),
    "{file} was written by a newer taskboard (bundle version {version},"
    " this one reads up to {known}): upgrade taskboard to merge it": (
        "{file} 由更新版本的 taskboard 写出（同步包版本 {version}，本版本最多支持 {known}）："
        "请升级 taskboard 后再合并"
    ),
    "the clock of site {site} is about {hours} hours ahead; its changes"
    " were merged, but this site's clock was not moved — ask {site}"
    " to set its clock": (
        "{site} 的时钟快了约 {hours} 小时；其改动已合并，但本社区时钟未随之调整——请 {site} 校准时钟"
    ),
    "{table} {ref}: the merged fields break a rule, fix it by hand: {error}": (
        "{table} {ref}：合并后的字段违反规则，请手动修改：{error}"
    ),
    # bundle versions
    "{file}: the bundle version is missing": "{file}：缺少同步包版本",
    "{file}: the bundle version must be a whole number, not {version}": (
        "{file}：同步包版本必须是整数，而不是 {version}"
    ),
    "{file}: unknown bundle version {version} (this taskboard reads version {known})": (
        "{file}：未知的同步包版本 {version}（本版本 taskboard 读取版本 {known}）"
    ),
    # files that are not bundle files
    "a folder": "文件夹",
    "a symbolic link": "符号链接",
    "a named pipe": "命名管道",
    "a device": "设备文件",
    "a socket": "套接字",
    "not a regular file": "非普通文件",
    "{file} is {kind}, not a bundle file; it was not read": (
        "{file} 是{kind}，不是同步包文件；未读取"
    ),
    "{file} is a symbolic link; only regular files in the folder are read": (
        "{file} 是符号链接；只读取文件夹中的普通文件"
    ),
    "{file}: cannot read it ({error})": "{file}：无法读取（{error}）",
    "{folder} is not a folder": "{folder} 不是文件夹",
    # the shared folder: writing this site's bundle
    "{file} is a folder, so this site's bundle cannot be written there;"
    " nothing was merged (move or rename that folder)": (
        "{file} 是文件夹，无法在那里写出本社区的同步包；未做任何合并（请移走或改名该文件夹）"
    ),
    "cannot write this site's bundle {file} ({error}); nothing was merged": (
        "无法写出本社区的同步包 {file}（{error}）；未做任何合并"
    ),
    "the bundles merged above ({files}) are saved in {db}, but this site's bundle"
    " was not written: {error}; run `taskboard sync` again once that is fixed": (
        "上面合并的同步包（{files}）已保存到 {db}，但本社区的同步包没有写出：{error}；"
        "问题解决后请再运行 `taskboard sync`"
    ),
    "nothing new was merged, and this site's bundle was not written: {error}": (
        "没有合并新内容，本社区的同步包也没有写出：{error}"
    ),
    # edits stamped as this site's
    "{file}: {table} {ref} carries an edit stamped as made at this site ({site})"
    " that this file never made or no longer holds{more}; nothing was merged."
    " Either {sender} relays a forged edit, or this file was restored from an"
    " older backup: only in that case merge it again with --after-restore": (
        "{file}：{table} {ref} 带有标记为本社区（{site}）所做、"
        "但本数据文件从未做过或已不再持有的改动{more}；"
        "未做任何合并。要么 {sender} 转来了伪造的改动，要么本文件是从较早的备份恢复的："
        "只有后一种情况才可加 --after-restore 再合并一次"
    ),
    " (and {count} more)": "（另有 {count} 条）",
    "{file} carries changes stamped by this site ({site}) in the future": (
        "{file} 带有本社区（{site}）未来时间的改动"
    ),
    "{file} is signed by {signer} but says it comes from {site}": (
        "{file} 由 {signer} 签名，却声称来自 {site}"
    ),
    # keys
    "{key} is not a public key (expected ed25519: and 44 base64 characters)": (
        "{key} 不是公钥（应为 ed25519: 加 44 个 base64 字符）"
    ),
    "{key} cannot be trusted: {problem}; ask the site for the line"
    " `taskboard key show` prints there": (
        "{key} 不能信任：{problem}；请向该社区索取其 `taskboard key show` 输出的那一行"
    ),
    "it is all zeros": "它全是零",
    "it is not in the canonical encoding": "它不是标准编码",
    "it is a point of small order (a key anyone can sign for)": (
        "它是小阶点（任何人都能以它的名义签名）"
    ),
    "it is not a point of the curve": "它不是曲线上的点",
    "{site} is not a site id: {reason}": "{site} 不是社区编号：{reason}",
    "{site} is this site: its own key is made by `taskboard key init`,"
    " not trusted from elsewhere": (
        "{site} 就是本社区：本社区的密钥由 `taskboard key init` 生成，不能从别处信任"
    ),
    "{file}: payload type {kind} is not a taskboard bundle": (
        "{file}：载荷类型 {kind} 不是 taskboard 同步包"
    ),
}
"""English source text → Simplified Chinese."""
