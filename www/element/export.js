// What the planner takes away: the cells with their owners as GeoJSON (the core's
// export) and the responsibility table as CSV.

/** One CSV field, quoted, with formula-looking text defused for spreadsheets. */
export function csvField(v) {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Cells with their owners, GeoJSON text (crs optional). */
export function exportCellsGeoJSON(host, crs) {
  return host.civic.exportCells(crs ? { crs } : undefined);
}

// replaced by the core's responsibility table (issue 12)
/** The responsibility table (责任分解表): one row per cell, CSV text with a UTF-8 BOM. */
export function responsibilityCsv(host) {
  const zh = host.lang === 'zh';
  const owners = new Map(host.owners.map((o) => [o.id, o]));
  const zones = new Map(host.data.zones.map((z) => [z.id, z]));
  const head = ['cellsCol', 'name', 'code', 'owner', 'ownerName', 'unit', 'levelCol', 'zoneOwners'];
  const label = {
    cellsCol: zh ? '网格编号' : 'Cell',
    name: zh ? '网格名称' : 'Cell name',
    code: zh ? '网格编码' : 'Code',
    owner: zh ? '责任人编号' : 'Owner id',
    ownerName: zh ? '责任人' : 'Owner',
    unit: zh ? '责任单位' : 'Unit',
    levelCol: zh ? '包抓级别' : 'Level',
    zoneOwners: zh ? '所在责任区责任人' : 'Zone owners',
  };
  const rows = [head.map((h) => csvField(label[h])).join(',')];
  for (const c of host.data.cells) {
    const o = c.owner ? owners.get(c.owner) : null;
    const [lng, lat] = [(c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2];
    const zo = host.civic.zonesAt(lng, lat).map((id) => zones.get(id)).filter(Boolean)
      .map((z) => `${owners.get(z.owner)?.name ?? z.owner}(${z.level})`).join('; ');
    rows.push([c.id, c.name, c.code, c.owner, o?.name ?? '', o?.unit ?? '', o?.level || '', zo].map(csvField).join(','));
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
